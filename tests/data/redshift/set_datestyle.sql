SET datestyle = 'ISO, MDY';
